from rest_framework.parsers import JSONParser

from config.middleware import BIDI_CONTROLS


def _clean(value):
    if isinstance(value, str):
        return BIDI_CONTROLS.sub("", value)
    if isinstance(value, list):
        return [_clean(item) for item in value]
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    return value


class CleanJSONParser(JSONParser):
    """JSON as the pages' forms arrive (InputHygieneMiddleware): without the bidirectional
    control characters that make stored text read differently from what it says."""

    def parse(self, stream, media_type=None, parser_context=None):
        return _clean(super().parse(stream, media_type, parser_context))

