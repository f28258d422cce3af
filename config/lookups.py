"""`id__in=[...]` with a number no integer column can hold matches nothing instead of failing.

Django already treats an out-of-range `exact`, `gt` or `lt` on an integer column as an empty or
full result; `in` it hands to the driver, which raises (OverflowError on SQLite, DataError on
PostgreSQL). A multiple-choice form field queries `pk__in` with whatever was posted, so a
posted 9999999999999999999999 answered 500 instead of "select a valid choice"."""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type())
            self.rhs = [value for value in self.rhs if not isinstance(value, int) or (
                (low is None or value >= low) and (high is None or value <= high))]
        return super().process_rhs(compiler, connection)
