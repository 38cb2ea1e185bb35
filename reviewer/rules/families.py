"""Import list of rule family modules. A family module registers its rules on import."""

# Add one import per family module (kept alphabetical); each owner adds its own line.
from reviewer.rules import (
    copying,  # noqa: F401  (C2xx, issue 3)
    cross_year,  # noqa: F401  (T111 C6 across a batch's consecutive years)
    dates,  # noqa: F401  (S01x dates, issue 6a)
    sections,  # noqa: F401  (S00x sections/format, issue 6a)
    tables,  # noqa: F401  (T1xx tables, issue 6b)
    text_table,  # noqa: F401  (T108 prose vs tables, issue 6b)
    vague,  # noqa: F401  (V3xx vagueness, issue 4)
)
