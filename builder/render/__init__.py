"""The render stage: plans drawn as file bytes. The only code importing reportlab (``pdf``)
and python-pptx (``pptx``)."""
