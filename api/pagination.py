import re

from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from .filters import MAX_ID

DIGITS = re.compile(r"[0-9]+")  # ASCII only: str.isdigit() also passes "²", which int() refuses


class IdCursor(CursorPagination):
    """Keyset pages by id: a page never repeats or skips rows added while a client pages
    through, and its cost does not grow with the depth of the page."""

    ordering = "pk"
    page_size_query_param = "page_size"
    max_page_size = 200

    def decode_cursor(self, request):
        # A forged cursor with a position no id can have is invalid, not a failed query.
        cursor = super().decode_cursor(request)
        position = cursor.position if cursor else None
        if position is not None and not (DIGITS.fullmatch(position) and int(position) <= MAX_ID):
            raise NotFound(self.invalid_cursor_message)
        return cursor
