"""The grading cases of the warm-up: ``public_1`` is shipped to students, ``hidden_1`` never is."""
