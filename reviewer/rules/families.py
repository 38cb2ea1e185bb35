"""Import list of rule family modules. A family module registers its rules on import."""

# Add one import per family module (kept alphabetical); each owner adds its own line.
from reviewer.rules import (
    copying,  # noqa: F401  (C2xx copying, spec §7 defects 5-6)
    cross_year,  # noqa: F401  (T111 C6 across a batch's consecutive years)
    dates,  # noqa: F401  (S01x dates and period, spec C10-C11)
    sections,  # noqa: F401  (S00x sections/format, spec §2, §5-§6)
    tables,  # noqa: F401  (T1xx tables, spec §3, C1-C5, C9)
    text_table,  # noqa: F401  (T108 prose vs tables, spec C8)
    vague,  # noqa: F401  (V3xx vagueness, spec §8)
)
