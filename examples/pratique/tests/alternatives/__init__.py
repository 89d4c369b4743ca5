"""Correct answers written another way: each must keep every point on every seed."""
