"""Document structure (spec §2): heading grammar, section detection, the paragraph→section
classifier that recovers lost headings, and the document type (report or attachment)."""
