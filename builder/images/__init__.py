"""The image stage: the teacher's photos checked, oriented and resized once for every output.

:mod:`.request` holds the pure request and result types planners use; :mod:`.stage` does
the work with Pillow (imported only when pictures are probed or prepared).
"""

from .request import ImageRequest, PreparedImage, box_px, fit, share_variants

__all__ = ["ImageRequest", "PreparedImage", "box_px", "fit", "share_variants"]
