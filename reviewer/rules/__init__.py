"""Rule families. Each module registers its rules with ``@rule``; see ``registry``."""
