"""The layout stage: pure planners that decide what goes where on every page and slide.

Nothing here imports a rendering library (reportlab, python-pptx): text is measured
with font metrics, and a plan is plain data a renderer draws without deciding anything.
"""
