"""PDF outputs drawn with reportlab: the booklet, its print version and the handouts."""
