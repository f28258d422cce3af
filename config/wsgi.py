import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
from config.entrypoints import refuse_ephemeral_secret_key  # noqa: E402

refuse_ephemeral_secret_key()
application = get_wsgi_application()
