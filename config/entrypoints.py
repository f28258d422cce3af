from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def refuse_ephemeral_secret_key():
    """Serving with a throwaway key would log everyone out on each restart and break signatures
    across nodes: the web and worker processes refuse to start without SECRET_KEY."""
    if getattr(settings, "SECRET_KEY_IS_EPHEMERAL", False):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key_is_set(app_configs, **kwargs):
    if getattr(settings, "SECRET_KEY_IS_EPHEMERAL", False):
        return [checks.Error("SECRET_KEY must be set when DEBUG is off.", id="xuncha.E001")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_audit_key(app_configs, **kwargs):
    """A leaked SECRET_KEY must not let anyone rewrite the security log's chain."""
    key = getattr(settings, "AUDIT_HMAC_KEY", "")
    if not key or key == settings.SECRET_KEY + ":audit" or key == settings.SECRET_KEY:
        return [checks.Error("AUDIT_HMAC_KEY must be set, and not derived from SECRET_KEY.",
                             id="xuncha.E002")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """SITE_URL is printed: in e-mails and in the QR code of every posted announcement. Left at
    the loopback default, a paper on a notice board points nowhere."""
    from urllib.parse import urlsplit

    host = urlsplit(settings.SITE_URL).hostname or ""
    if host in {"", "localhost", "127.0.0.1", "::1"} or host.startswith("127."):
        return [checks.Error("SITE_URL must be the site's public address, not a loopback one.",
                             id="xuncha.E006")]
    return []
