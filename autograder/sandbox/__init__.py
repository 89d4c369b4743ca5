"""Running untrusted student code in a separate, unprivileged, resource-limited process.

Privileged side: :mod:`.host` (the grader's proxy) and :mod:`.zygote` (a clean
fork server). Unprivileged side: :mod:`.child` (executes the submission and
answers calls). Only plain data crosses between them (:mod:`.codec`).
"""
