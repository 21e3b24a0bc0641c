"""The source stage: the teacher's YAML read with line marks, checked, and loaded.

``reader`` parses YAML keeping every value's file, line and column; ``schema`` says what
a program may hold (pydantic); ``loader`` turns checked data into the frozen model and
collects every problem of a run; ``glyphs`` warns about characters no font can print.
"""
