"""Database helpers shared by every app.

`field__in_ids=[…]`: `IN (…)` over plain integer ids. Django's `__in` prepares every value through the
field (several calls a value: about 4 ms for 600 ids, per query); the bulk facts reads of a whole city
(600 units, 1 200 periods, ~20 queries a dashboard) pass id lists that are already integers. Each value
goes through `int()` (anything else is refused), duplicates are dropped, an empty list matches nothing.

`field__in_ids=Ids(ids)`: the same, given as one value. Before any lookup sees a plain list, Django's query
builder resolves it item by item (and checks each item against the relation): ~13 000 calls for the ~20
id lists of a 600-unit dashboard. An `Ids` is an expression that resolves to itself, so the list is
walked once, here.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject, Lookup


class Ids:
    """Integer ids for `__in_ids`, passed to the query builder as one value (see the module's text)."""

    __slots__ = ("values",)
    filterable = True

    def __init__(self, values):
        self.values = [int(v) for v in dict.fromkeys(values)]

    def resolve_expression(self, *args, **kwargs):
        return self

    def __len__(self) -> int:
        return len(self.values)


class InIds(Lookup):
    lookup_name = "in_ids"
    prepare_rhs = False

    def get_prep_lookup(self):
        if isinstance(self.rhs, Ids):
            return self.rhs.values
        return [int(v) for v in dict.fromkeys(self.rhs)]

    def as_sql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", (*lhs_params, *self.rhs)


Field.register_lookup(InIds)
ForeignObject.register_lookup(InIds)  # relations keep their own lookup table
