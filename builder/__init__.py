"""movebook: one YAML program -> a home-practice booklet, a workshop deck and class handouts.

The pipeline: ``source`` (YAML with line marks) -> ``schema``/``loader`` (checked, frozen
``model.Program``) -> one target per output (``booklet``, ``deck``, ``handout``) that plans
and renders -> ``build`` (atomic writes into ``output/<program>/``).
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
