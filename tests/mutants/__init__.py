"""Plausible wrong answers, kept as tests: each must lose its own question's points and no others.

The ``Mutant`` type is the framework's, ``autograder.variants``.
"""
