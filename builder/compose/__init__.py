"""The compose stage: what every output shows, worded once and format-neutral.

``labels`` is the one catalogue of fixed words (by id, plural forms included); ``facts``
composes dose lines, routine times, caution groups and the QR choice; ``script`` the
speaker script. Planners in :mod:`builder.layout` only place what is composed here.
"""

from .labels import Labels, labels_for

__all__ = ["Labels", "labels_for"]
