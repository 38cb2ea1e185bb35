"""reviewer: reviews Chinese government information-disclosure annual reports (政府信息公开工作年度报告).

Stages, one package each: ``io`` (reading files), ``structure`` (sections, document type),
``tables``, ``similarity`` (copying), ``vagueness``, ``scoring``, ``render``, ``evaluation``,
``training``; ``pipeline`` runs them over a batch and ``cli`` is the command line.
"""
