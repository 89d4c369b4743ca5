"""A sandboxed autograding framework: the grading engine, its packaging, and the tools around them.

An assignment is data: a folder with its grading.yaml, reference, cases and statement.

Kept free of imports: the sandbox's fork server imports this package and must
stay small and clean.
"""

__version__ = "1.0.0"
