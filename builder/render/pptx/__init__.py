"""The workshop deck written with python-pptx."""
