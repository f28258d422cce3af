import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
from config.entrypoints import refuse_ephemeral_secret_key  # noqa: E402

refuse_ephemeral_secret_key()
application = get_asgi_application()
