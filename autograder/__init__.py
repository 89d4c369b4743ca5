"""Autograder for IFT 6390A, homework 3: a sandboxed grading engine and its packaging.

Kept free of imports: the sandbox's fork server imports this package and must
stay small and clean.
"""

__version__ = "1.0.0"
