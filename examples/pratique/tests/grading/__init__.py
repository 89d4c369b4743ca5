"""The grading cases of the practical homework: ``public_N`` is shipped to students, ``hidden_N`` never is."""
