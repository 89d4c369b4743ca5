"""The engine's own words, in French and in English, chosen by the ``language`` of grading.yaml.

Everything the engine itself says to a student — the frame of a feedback,
notes on a file, errors from the sandbox, the grade table, results.json, the
texts of the notebooks and of the bundle, the self-check — is looked up here
by key, so that an English course can use the framework unchanged. An
assignment's own words (titles, the hints of its cases, its statement) stay in
its folder, in its language. The generic texts of the check API (keys
``check.*``) travel with its code into the otter notebook's test cells.

Stdlib only: this module ships to students next to ``pieces.py`` and
``check.py``, which use it too.
"""

from __future__ import annotations

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"

CATALOGUE: dict[str, tuple[str, str]] = {
    # --- feedback of a case and the table of ``grade`` (feedback.py, runner.py) ---
    "feedback.hidden": ("(Cas caché : les valeurs attendues ne sont pas affichées.)",
                        "(Hidden case: the expected values are not shown.)"),
    "feedback.hint": ("Piste : {hint}", "Hint: {hint}"),
    "case.passed": ("Réussi.", "Passed."),
    "case.uncheckable": ("Le résultat renvoyé n'a pas pu être vérifié (type ou forme inattendus).",
                         "The returned result could not be checked (unexpected type or shape)."),
    "notes.more": ("… et {count} remarque(s) de plus, non affichée(s).", "… and {count} more note(s), not shown."),
    "table.question": ("Question", "Question"),
    "table.points": ("Points", "Points"),
    "table.status": ("Statut", "Status"),
    "table.comment": ("Commentaire", "Comment"),
    "status.passed": ("réussi", "passed"),
    "status.partial": ("partiel", "partial"),
    "status.failed": ("échec", "failed"),
    "table.part": ("Partie {number} : {score} / {points}", "Part {number}: {score} / {points}"),
    "total": ("Total : {score} / {points}", "Total: {score} / {points}"),
    "cli.note": ("Remarque : {note}", "Note: {note}"),

    # --- results.json (results.py, package.py's run_autograder) ---
    "visibility.public": ("public", "public"),
    "visibility.hidden": ("caché", "hidden"),
    "results.test": ("{question} — {title} ({visibility} : {case})", "{question} — {title} ({visibility}: {case})"),
    "results.part": ("Partie {number} — {title} : {score} / {points}", "Part {number} — {title}: {score} / {points}"),
    "results.notes": ("Remarques sur votre fichier :", "Notes on your file:"),
    "results.printed": ("Ce que votre code a affiché (début) :", "What your code printed (beginning):"),
    "results.public_scope": ("Points des cas publics seulement : les cas cachés comptent aussi, leurs résultats "
                             "seront visibles à la publication des notes.",
                             "Points from public cases only: hidden cases count too; their results will show "
                             "when grades are published."),
    "results.public_part": ("Partie {number} — {title} : {score} / {points} (cas publics)",
                            "Part {number} — {title}: {score} / {points} (public cases)"),
    "results.public_total": ("Total des cas publics : {score} / {points} (le devoir est noté sur {total})",
                             "Total of the public cases: {score} / {points} (the homework is graded out of {total})"),
    "results.full": ("Note complète, cas cachés compris", "Full grade, hidden cases included"),
    "results.hidden_notes": ("Remarques sur l'exécution des cas cachés :", "Notes on the run of the hidden cases:"),
    "results.hidden_printed": ("Ce que votre code a affiché pendant les cas cachés (début) :",
                               "What your code printed during the hidden cases (beginning):"),
    "results.internal": ("Erreur interne du correcteur, cas {case}", "Internal grader error, case {case}"),
    "results.grader_error": ("Erreur du correcteur", "Grader error"),
    "results.failed": ("La correction automatique a échoué (0 / {total}). Votre enseignant en est informé ; "
                       "aucune action de votre part n'est nécessaire avant son retour.",
                       "Automatic grading failed (0 / {total}). Your instructor has been told; "
                       "you need not do anything until they get back to you."),
    # written by bash through printf: no double quote, no backslash, no percent sign
    "results.fallback": ("La correction automatique a échoué (0 point). Votre enseignant en est informé ; "
                         "aucune action de votre part n'est nécessaire avant son retour.",
                         "Automatic grading failed (0 points). Your instructor has been told; "
                         "you need not do anything until they get back to you."),

    # --- the check API (checking.py): what was expected, and hints named after the kind of mistake ---
    "check.array": ("tableau {values}", "array {values}"),
    "check.array_shape": ("tableau de forme {shape}", "array of shape {shape}"),
    "check.unimplemented": ("{name} n'est pas encore implémentée (NotImplementedError).",
                            "{name} is not implemented yet (NotImplementedError)."),
    "check.unimplemented_hint": ("Remplacez le `raise NotImplementedError` de {name} par votre réponse.",
                                 "Replace the `raise NotImplementedError` of {name} with your answer."),
    "check.call_failed": ("L'appel {call} a échoué : {error}", "The call {call} failed: {error}"),
    "check.call_failed_hint": ("Exécutez cet appel vous-même pour voir l'erreur complète.",
                               "Run this call yourself to see the whole error."),
    "check.object": ("un objet de la classe {name}", "an object of the class {name}"),
    "check.object_hint": ("Définissez {name} comme une classe (`class {name}:`) au premier niveau du fichier.",
                          "Define {name} as a class (`class {name}:`) at the top level of the file."),
    "check.missing_hint": ("Définissez {name} au premier niveau du fichier, sous ce nom exact, et corrigez d'abord "
                           "toute erreur de syntaxe signalée plus haut.",
                           "Define {name} at the top level of the file, under this exact name, and first fix any "
                           "syntax error reported above."),
    "check.expected": ("{call} : attendu {expected}, obtenu {got}.", "{call}: expected {expected}, got {got}."),
    "check.expected_at": ("{call} : attendu {expected}{where} obtenu {got}.",
                          "{call}: expected {expected}{where} got {got}."),
    "check.at_input": (" ; pour l'entrée {input},", "; for the input {input},"),
    "check.at_index": (" ; à l'indice {index},", "; at index {index},"),
    "check.reference": ("valeur attendue : {value}", "expected value: {value}"),
    "check.reference_at": ("valeur attendue en ce point : {value}", "expected value at this point: {value}"),
    "check.real": ("un nombre réel", "a real number"),
    "check.integer": ("un nombre entier", "a whole number"),
    "check.numbers": ("un tableau numpy de nombres", "a numpy array of numbers"),
    "check.shaped": ("un tableau de forme {shape}", "an array of shape {shape}"),
    "check.scalar": ("un nombre", "a number"),
    "check.finite": ("des valeurs finies", "finite values"),
    "check.expected_values": ("les valeurs attendues", "the expected values"),
    "check.other_value": ("une autre valeur", "another value"),
    "check.element": ("une valeur avec l'élément {element}", "a value with the element {element}"),
    "check.differ_one": (" ({count} élément sur {size} diffère)", " ({count} element of {size} differs)"),
    "check.differ_many": (" ({count} éléments sur {size} diffèrent)", " ({count} elements of {size} differ)"),
    "check.relative": (" (écart relatif {difference})", " (relative difference {difference})"),
    "check.changed": ("{call} a modifié en place {arguments}, alors que le contrat demande de laisser ses arguments "
                      "intacts.",
                      "{call} changed {arguments} in place, while the contract asks to leave its arguments "
                      "untouched."),
    "check.changed_position": ("son argument n° {position}", "its argument #{position}"),
    "check.changed_keyword": ("son argument `{name}`", "its argument `{name}`"),
    "check.changed_hint": ("Ne modifiez pas un argument reçu (`x -= ...`, `x[i] = ...`, `params[k] -= ...`, "
                           "`liste.append(...)`) : calculez dans une nouvelle variable (`x = x - ...`) ou sur une "
                           "copie (`x.copy()`, `{{k: v.copy() for k, v in params.items()}}`) et renvoyez-la.",
                           "Do not change an argument you receive (`x -= ...`, `x[i] = ...`, `params[k] -= ...`, "
                           "`list.append(...)`): compute into a new variable (`x = x - ...`) or on a copy "
                           "(`x.copy()`, `{{k: v.copy() for k, v in params.items()}}`) and return it."),
    # a returned value of a type the contract does not allow (checking.reals, Result.equals)
    "check.type.none": ("Votre fonction renvoie None : vérifiez qu'elle se termine par `return` suivi du résultat.",
                        "Your function returns None: check that it ends with `return` followed by the result."),
    "check.type.text": ("Votre fonction renvoie du texte (str) là où des nombres sont attendus : renvoyez le nombre "
                        "lui-même (float, int ou tableau numpy), pas son écriture.",
                        "Your function returns text (str) where numbers are expected: return the number itself "
                        "(a float, an int or a numpy array), not how it is written."),
    "check.type.complex": ("Votre fonction renvoie des nombres complexes (type complex) là où des réels sont "
                           "attendus : cherchez la racine ou le logarithme d'un nombre négatif, ou un calcul fait en "
                           "complexes (np.fft, dtype=complex), et renvoyez des réels.",
                           "Your function returns complex numbers (type complex) where real ones are expected: look "
                           "for the square root or the logarithm of a negative number, or a computation in complex "
                           "numbers (np.fft, dtype=complex), and return real ones."),
    "check.type.bool": ("Votre fonction renvoie un booléen (True ou False) là où un nombre est attendu.",
                        "Your function returns a boolean (True or False) where a number is expected."),
    "check.type.ragged": ("Votre fonction renvoie des listes de longueurs différentes (ou imbriquées de façon "
                          "irrégulière) : ce n'est pas un tableau de nombres.",
                          "Your function returns lists of different lengths (or irregularly nested): that is not "
                          "an array of numbers."),
    "check.type.other": ("Votre fonction renvoie une valeur de type {type} là où des nombres réels sont attendus : "
                         "renvoyez un float, un int ou un tableau numpy de float.",
                         "Your function returns a value of type {type} where real numbers are expected: return a "
                         "float, an int or a numpy array of floats."),
    "check.type.fraction": ("Un nombre entier est attendu, et votre résultat a une partie fractionnaire : vérifiez "
                            "les divisions (/ donne un float, // un entier) et les arrondis.",
                            "A whole number is expected, and your result has a fractional part: check the "
                            "divisions (/ gives a float, // an integer) and the roundings."),
    "check.type.expected": ("Une valeur de type {want} est attendue, votre fonction renvoie une valeur de type {got}.",
                            "A value of type {want} is expected, your function returns a value of type {got}."),
    "check.hint.sign": ("Votre résultat est l'opposé du résultat attendu : une erreur de signe (un « - » oublié ou "
                        "en trop, ou une différence prise dans le mauvais ordre).",
                        "Your result is the opposite of the expected one: a sign error (a \"-\" forgotten or too "
                        "many, or a difference taken in the wrong order)."),
    "check.hint.some_signs": ("Votre résultat a la bonne valeur absolue mais le mauvais signe pour certains éléments "
                              "seulement : vérifiez le signe dans chaque cas (entrée négative, positive, nulle).",
                              "Your result has the right absolute value but the wrong sign for some elements only: "
                              "check the sign in each case (negative, positive, zero input)."),
    "check.hint.transposed": ("Votre matrice est la transposée de la matrice attendue : échangez les indices (ou "
                              "l'ordre des facteurs du produit).",
                              "Your matrix is the transpose of the expected one: swap the indices (or the order of "
                              "the factors of the product)."),
    "check.hint.proportional": ("Votre résultat est proportionnel au résultat attendu : un facteur constant manque "
                                "ou est en trop.",
                                "Your result is proportional to the expected one: a constant factor is missing or "
                                "too many."),
    "check.hint.nan": ("Votre résultat contient nan là où le résultat attendu est fini : une opération sans "
                       "valeur, comme 0/0, ∞/∞ ou ∞ − ∞ (souvent après un débordement), ou la racine ou le logarithme "
                       "d'un nombre négatif. Cherchez l'opération qui la produit, et réécrivez l'expression pour que "
                       "rien ne s'annule ni ne déborde.",
                       "Your result holds nan where the expected one is finite: an operation without a value, such "
                       "as 0/0, ∞/∞ or ∞ − ∞ (often after an overflow), or the square root or the logarithm of a "
                       "negative number. Find the operation that produces it, and rewrite the expression so that "
                       "nothing cancels out or overflows."),
    "check.hint.overflow": ("Votre résultat contient inf là où le résultat attendu est fini : un calcul déborde "
                            "(l'exponentielle d'un grand nombre, par exemple) ou divise par 0. Réécrivez la formule "
                            "pour qu'elle reste stable.",
                            "Your result holds inf where the expected one is finite: a computation overflows (the "
                            "exponential of a large number, for instance) or divides by 0. Rewrite the formula so "
                            "that it stays stable."),
    "check.hint.log_of_zero": ("Votre résultat contient -inf là où le résultat attendu est fini : le logarithme "
                               "d'une quantité arrondie à 0, un débordement négatif ou une division par 0. Utilisez "
                               "une forme stable (logaddexp, log1p, max soustrait).",
                               "Your result holds -inf where the expected one is finite: the logarithm of a quantity "
                               "rounded to 0, a negative overflow or a division by 0. Use a stable form (logaddexp, "
                               "log1p, subtracting the max)."),
    "check.hint.and_sign": (" et une erreur de signe", " and a sign error"),
    "check.hint.factor_extra": ("Votre résultat vaut {minus}{name} fois le résultat attendu : un facteur {name} en "
                                "trop (ou un 1/{name} oublié){and_sign}.",
                                "Your result is {minus}{name} times the expected one: an extra factor {name} (or a "
                                "forgotten 1/{name}){and_sign}."),
    "check.hint.factor_missing": ("Votre résultat vaut {minus}1/{name} fois le résultat attendu : un facteur {name} "
                                  "oublié (ou un 1/{name} en trop){and_sign}.",
                                  "Your result is {minus}1/{name} times the expected one: a forgotten factor {name} "
                                  "(or an extra 1/{name}){and_sign}."),
    "check.hint.wrong_negative": ("Le résultat n'est faux que pour des entrées négatives : une valeur absolue, ou "
                                  "une branche fausse pour z < 0 ?",
                                  "The result is wrong for negative inputs only: an absolute value, or a wrong "
                                  "branch for z < 0?"),
    "check.hint.wrong_inside_one": ("Le résultat n'est faux qu'entre -1 et 1 : la condition qui choisit la branche "
                                    "est sans doute fausse.",
                                    "The result is wrong between -1 and 1 only: the condition choosing the branch is "
                                    "likely wrong."),
    "check.hint.shape_scalar": ("Un seul nombre est attendu : renvoyez un réel (float), pas un tableau.",
                                "A single number is expected: return a real (float), not an array."),
    "check.hint.shape_transposed": ("La forme est transposée : une matrice transposée, ou les facteurs d'un produit "
                                    "dans le mauvais ordre.",
                                    "The shape is transposed: a transposed matrix, or the factors of a product in "
                                    "the wrong order."),
    "check.hint.shape_reshaped": ("Le bon nombre d'éléments dans une autre forme : un vecteur colonne (n, 1) ou "
                                  "ligne (1, n) au lieu d'un vecteur à une dimension (n,), ou l'inverse ?",
                                  "The right number of elements in another shape: a column (n, 1) or row (1, n) "
                                  "vector instead of a one-dimensional vector (n,), or the reverse?"),
    "check.hint.shape_too_many": ("Trop d'éléments : une diffusion (broadcasting) involontaire, par exemple entre "
                                  "(n,) et (n, 1), ou un produit extérieur au lieu d'un produit scalaire ?",
                                  "Too many elements: an unintended broadcasting, for instance between (n,) and "
                                  "(n, 1), or an outer product instead of a dot product?"),
    "check.hint.shape_too_few": ("Trop peu d'éléments : une somme (ou un maximum) sur le mauvais axe, ou sur tous "
                                 "les axes ?",
                                 "Too few elements: a sum (or a maximum) over the wrong axis, or over all axes?"),
    "check.hint.shape_axis": ("La forme d'une des entrées privée d'un axe, mais pas celle attendue : une somme (ou "
                              "une moyenne, un maximum) sur le mauvais axe ?",
                              "The shape of one of the inputs without one axis, but not the expected one: a sum (or "
                              "a mean, a maximum) over the wrong axis?"),
    "check.hint.shape_other": ("Le bon nombre d'éléments dans une autre forme : vérifiez l'ordre des axes et les "
                               "reshape.",
                               "The right number of elements in another shape: check the order of the axes and the "
                               "reshapes."),
    "check.hint.shape_more": ("Trop d'éléments : vérifiez la formule de la taille du résultat (bornes des boucles, "
                              "remplissage, pas).",
                              "Too many elements: check the formula of the result's size (loop bounds, padding, "
                              "stride)."),
    "check.hint.shape_fewer": ("Trop peu d'éléments : vérifiez la formule de la taille du résultat (bornes des "
                               "boucles, remplissage, pas).",
                               "Too few elements: check the formula of the result's size (loop bounds, padding, "
                               "stride)."),
    "check.hint.order": ("Les bonnes valeurs, dans un autre ordre : deux dimensions (ou deux arguments) sont "
                         "échangées ?",
                         "The right values, in another order: two dimensions (or two arguments) swapped?"),
    "check.hint.several": ("Plusieurs erreurs donnent ce résultat ici, et ce cas ne permet pas de les départager : "
                           "{causes}",
                           "Several mistakes give this result here, and this case cannot tell them apart: {causes}"),
    "check.hint.narrow": ("Votre résultat est en {dtype} : juste à la précision de ce type près, mais ce cas demande "
                          "la précision (ou la plage) du float64. Calculez en float64 (dtype=float, sans "
                          "conversion en {dtype}).",
                          "Your result is in {dtype}: right up to that type's precision, but this case needs the "
                          "precision (or the range) of float64. Compute in float64 (dtype=float, no conversion to "
                          "{dtype})."),
    "check.hint.narrow_note": (" (Votre résultat est en {dtype} : calculez aussi en float64.)",
                               " (Your result is in {dtype}: also compute in float64.)"),
    "check.hint.float32_digits": ("Votre résultat n'a que la précision d'un float32 (environ 7 chiffres "
                                  "significatifs) : un calcul intermédiaire est en float32. Calculez en float64 "
                                  "(dtype=float).",
                                  "Your result has only the precision of a float32 (about 7 significant digits): "
                                  "an intermediate computation is in float32. Compute in float64 (dtype=float)."),
    "check.hint.tiny": ("Votre résultat ne diffère du résultat attendu qu'au-delà du 6e chiffre significatif, mais "
                        "plus que l'arrondi d'une formule stable en float64 : cherchez une soustraction de deux "
                        "grandes quantités presque égales, ou un calcul en précision réduite.",
                        "Your result differs from the expected one only beyond the 6th significant digit, but more "
                        "than the rounding of a stable float64 formula: look for a subtraction of two large, "
                        "nearly equal quantities, or a computation in reduced precision."),
    "check.hint.check": ("Refaites ce calcul à la main (ou avec la formule de l'énoncé) sur cette entrée et "
                         "comparez-le, étape par étape, avec votre code.",
                         "Redo this computation by hand (or with the handout's formula) on this input and compare "
                         "it, step by step, with your code."),
    "check.hint.exact": ("Refaites le calcul à la main pour ces arguments et comparez-le avec votre code.",
                         "Redo the computation by hand for these arguments and compare it with your code."),
    "check.hint.property": ("Vérifiez sur cet appel la propriété que l'énoncé demande.",
                            "Check on this call the property the handout asks for."),
    "check.hint.element": ("Vérifiez ce que votre fonction renvoie : le contrat demande une valeur qui contient "
                           "l'élément {element} (un tuple, une liste ou un dictionnaire).",
                           "Check what your function returns: the contract asks for a value that holds the element "
                           "{element} (a tuple, a list or a dictionary)."),

    # --- finding and reading the submission (submission.py) ---
    "submission.too_many": ("La remise contient plus de {count} fichiers : déposez seulement {expected}.",
                            "The submission holds more than {count} files: upload {expected} only."),
    "submission.partly_searched": ("La remise contient trop de fichiers ou des dossiers trop profonds : seuls "
                                   "{count} éléments, sur {depth} niveaux de dossiers au plus, ont été examinés. "
                                   "Déposez seulement {expected}.",
                                   "The submission holds too many files or too deep folders: only {count} "
                                   "entries, at most {depth} folders deep, were looked at. Upload {expected} only."),
    "submission.link": ("{name} est un lien symbolique (ou n'est pas un fichier ordinaire) : "
                        "déposez le fichier {upload} lui-même.",
                        "{name} is a symbolic link (or not a regular file): upload the file {upload} itself."),
    "submission.chosen": ("Fichier corrigé : {name} (ignorés : {others}).", "File graded: {name} (ignored: {others})."),
    "submission.misnamed": ("Le fichier s'appelle {name} au lieu de {expected} : il est corrigé quand même, "
                            "mais nommez-le {expected} la prochaine fois.",
                            "The file is named {name} instead of {expected}: it is graded all the same, "
                            "but name it {expected} next time."),
    "submission.missing": ("Aucun fichier {expected} ni {notebook} dans la remise : "
                           "déposez votre fichier {expected} (ou le notebook {notebook}).",
                           "No file {expected} nor {notebook} in the submission: "
                           "upload your file {expected} (or the notebook {notebook})."),
    "submission.ambiguous": ("Plusieurs fichiers possibles ({names}) et aucun ne s'appelle {expected} : "
                             "déposez un seul fichier nommé {expected}.",
                             "Several possible files ({names}) and none is named {expected}: "
                             "upload one file named {expected}."),
    "submission.not_found": ("Le fichier {name} est introuvable.", "The file {name} cannot be found."),
    "submission.not_regular": ("{name} n'est pas un fichier ordinaire : déposez le fichier {name} lui-même.",
                               "{name} is not a regular file: upload the file {name} itself."),
    "submission.too_large": ("{name} fait plus de {megabytes} Mo : ce n'est pas un devoir.",
                             "{name} is larger than {megabytes} MB: this is not a homework file."),
    "submission.binary": ("{name} est un fichier binaire, pas du code Python : déposez le fichier .py lui-même.",
                          "{name} is a binary file, not Python code: upload the .py file itself."),
    "submission.not_utf8": ("{name} n'est pas un texte UTF-8 : enregistrez-le en UTF-8.",
                            "{name} is not UTF-8 text: save it as UTF-8."),
    "submission.empty": ("{name} est vide : aucune fonction à corriger.", "{name} is empty: no function to grade."),
    "submission.bad_notebook": ("{name} n'est pas un notebook Jupyter lisible : réenregistrez-le depuis Jupyter.",
                                "{name} is not a readable Jupyter notebook: save it again from Jupyter."),
    "submission.no_code": ("{name} ne contient aucune cellule de code.", "{name} holds no code cell."),
    "submission.code_too_large": ("Le code de {name} fait plus de {megabytes} Mo (sorties des cellules non "
                                  "comptées) : ce n'est pas un devoir.",
                                  "The code of {name} is larger than {megabytes} MB (cell outputs not counted): "
                                  "this is not a homework file."),
    "submission.cut_failed": ("Le découpage de votre fichier en instructions a échoué : il a été découpé aux lignes "
                              "qui commencent à la colonne 0, sans analyse.",
                              "Cutting your file into statements failed: it was cut at the lines that start at "
                              "column 0, without parsing."),
    "imports.unavailable": ("Votre fichier importe {modules} : ce module n'est pas disponible pendant la correction "
                            "(seuls la bibliothèque standard et les modules permis par le devoir le sont) ; ce qui en "
                            "dépend échouera.",
                            "Your file imports {modules}: this module is not available during grading (only the "
                            "standard library and the modules the assignment allows are); what depends on it will "
                            "fail."),
    # IPython's own syntax in a notebook (pieces.transform_cell): what Jupyter runs and the grader cannot
    "notebook.syntax": ("Cellule de code {cell}, lignes {first} à {last} ignorées : erreur de syntaxe ({reason}, "
                        "ligne {line}).",
                        "Code cell {cell}, lines {first} to {last} ignored: syntax error ({reason}, line {line})."),
    "notebook.skipped.cell": ("Cellule de code {cell} ignorée : la commande magique {text} ne s'exécute pas "
                              "pendant la correction.",
                              "Code cell {cell} ignored: the cell magic {text} does not run during grading."),
    "notebook.skipped.magic": ("Cellule de code {cell}, ligne {line} : commande magique d'IPython ignorée ({text}).",
                               "Code cell {cell}, line {line}: IPython magic ignored ({text})."),
    "notebook.skipped.shell": ("Cellule de code {cell}, ligne {line} : commande shell ignorée ({text}).",
                               "Code cell {cell}, line {line}: shell command ignored ({text})."),
    "notebook.skipped.help": ("Cellule de code {cell}, ligne {line} : demande d'aide ignorée ({text}).",
                              "Code cell {cell}, line {line}: help request ignored ({text})."),
    "notebook.skipped.more": ("… et {count} autres commandes d'IPython ignorées.",
                              "… and {count} more IPython commands ignored."),
    "notebook.too_many_cells": ("Seules les {count} premières cellules de code sont lues ({more} de plus ignorées).",
                                "Only the first {count} code cells are read ({more} more ignored)."),
    # how a chunk is named in notes (French: always feminine, see host.skipped_note)
    "chunk.statement": ("l'instruction de la ligne {line}", "the statement at line {line}"),
    "chunk.statements": ("les instructions des lignes {first} à {last}", "the statements at lines {first} to {last}"),
    "chunk.cell": ("la cellule de code {number}", "code cell {number}"),
    "chunk.cell_file": ("{notebook}, cellule {number}", "{notebook}, cell {number}"),

    # --- syntax errors (pieces.py, shipped to students) ---
    "syntax.too_many": ("Trop d'erreurs de syntaxe : la suite du fichier, à partir de la ligne {line}, est ignorée.",
                        "Too many syntax errors: the rest of the file, from line {line} on, is ignored."),
    "syntax.skipped": ("Lignes {first} à {last} ignorées : erreur de syntaxe ({reason}, ligne {line}).",
                       "Lines {first} to {last} ignored: syntax error ({reason}, line {line})."),
    "syntax.too_nested": ("code trop imbriqué", "code nested too deeply"),
    "syntax.more": ("… et {count} autres blocs ignorés pour erreur de syntaxe.",
                    "… and {count} more blocks ignored for syntax errors."),

    # --- calls into the sandbox (sandbox/host.py, sandbox/child.py, inprocess.py, the otter runner) ---
    "call.missing": ("la fonction {name} n'est pas définie", "the function {name} is not defined"),
    "call.hidden": ("la fonction {name} n'a pas pu être lue : erreur de syntaxe dans {place}, ligne {line} : "
                    "{error}.",
                    "the function {name} could not be read: syntax error in {place}, line {line}: {error}."),
    "error.line": ("{error} (ligne {line})", "{error} (line {line})"),
    "call.timeout": ("{name} n'a pas répondu en {seconds} s (boucle infinie ou calcul trop long ?)",
                     "{name} did not answer within {seconds} s (an infinite loop or too long a computation?)"),
    "call.crashed": ("le processus s'est arrêté pendant l'appel de {name} (os._exit, mémoire épuisée, "
                     "récursion infinie ?)",
                     "the process stopped during the call of {name} (os._exit, out of memory, infinite recursion?)"),
    "call.refused": ("réponse de {name} refusée : {reason}", "answer of {name} refused: {reason}"),
    "call.stale": ("l'objet sur lequel {name} est appelé n'existe plus : le processus qui l'avait créé s'est arrêté "
                   "lors d'un appel précédent",
                   "the object {name} is called on no longer exists: the process that made it stopped during an "
                   "earlier call"),
    "call.no_method": ("l'objet n'a pas de méthode {name}", "the object has no method {name}"),
    "call.too_many_objects": ("plus de {count} objets gardés pour ce cas", "more than {count} objects kept for this "
                              "case"),
    "call.stopped": ("{name} n'a pas été appelée : {reason}", "{name} was not called: {reason}"),
    "output.cut": ("[… {count} octets de sortie supprimés]", "[… {count} bytes of output removed]"),
    "load.too_large": ("le fichier est trop volumineux pour être exécuté", "the file is too large to be run"),
    "load.failed": ("le code n'a pas pu être chargé", "the code could not be loaded"),
    "skipped.timeout.one": ("{label} ne s'est pas terminée en {seconds} s (boucle infinie ?) : ignorée.",
                            "{label} did not finish within {seconds} s (an infinite loop?): skipped."),
    "skipped.timeout.many": ("{label} ne se sont pas terminées en {seconds} s (boucle infinie ?) : ignorées.",
                             "{label} did not finish within {seconds} s (an infinite loop?): skipped."),
    "skipped.refused.one": ("{label} a envoyé au correcteur un message refusé ({reason}) : ignorée.",
                            "{label} sent the grader a message it refused ({reason}): skipped."),
    "skipped.refused.many": ("{label} ont envoyé au correcteur un message refusé ({reason}) : ignorées.",
                             "{label} sent the grader a message it refused ({reason}): skipped."),
    "skipped.crashed.one": ("{label} a arrêté le processus (os._exit, mémoire épuisée, récursion infinie ?) : "
                            "ignorée.",
                            "{label} stopped the process (os._exit, out of memory, infinite recursion?): skipped."),
    "skipped.crashed.many": ("{label} ont arrêté le processus (os._exit, mémoire épuisée, récursion infinie ?) : "
                             "ignorées.",
                             "{label} stopped the process (os._exit, out of memory, infinite recursion?): skipped."),
    "stop.reloads": ("le processus s'est arrêté à chaque appel et recharger le code prend {seconds} s : "
                     "il n'est plus rechargé",
                     "the process stopped on every call and reloading the code takes {seconds} s: "
                     "it is not reloaded any more"),
    "stop.budget": ("temps total de correction épuisé ({seconds} s)", "total grading time used up ({seconds} s)"),
    "stop.note": ("Correction interrompue : {reason} ; les appels suivants n'ont pas été faits.",
                  "Grading interrupted: {reason}; the calls after it were not made."),
    "sandbox.leftovers": ("Votre code a laissé trop de fichiers ou de dossiers pour qu'ils soient tous supprimés : "
                          "le reste a été abandonné, sans effet sur la note.",
                          "Your code left too many files or folders for all of them to be removed: the rest was "
                          "abandoned, with no effect on the grade."),
    # why a value cannot cross the sandbox boundary (sandbox/codec.py), shown after "call.refused"
    "codec.malformed": ("message mal formé", "malformed message"),
    "codec.unexpected": ("message inattendu", "unexpected message"),
    "codec.dtype": ("tableau de type {dtype} (seuls les nombres sont acceptés)",
                    "array of type {dtype} (only numbers are accepted)"),
    "codec.keys": ("dictionnaire dont les clés ne sont pas toutes des chaînes",
                   "dictionary whose keys are not all strings"),
    "codec.type": ("valeur de type {type} (attendu : nombres, chaînes, tableaux numpy, listes, tuples, dictionnaires)",
                   "value of type {type} (expected: numbers, strings, numpy arrays, lists, tuples, dictionaries)"),
    "codec.bad_array": ("tableau mal formé", "malformed array"),
    "codec.array_type": ("type de tableau refusé (seuls les nombres sont acceptés)",
                         "array type refused (only numbers are accepted)"),
    "codec.array_size": ("taille de tableau incohérente", "inconsistent array size"),
    "codec.bad_shape": ("forme de tableau invalide", "invalid array shape"),
    "codec.unknown_dtype": ("type de tableau inconnu", "unknown array type"),
    "codec.too_complex": ("message trop complexe (plus de {count} éléments)",
                          "message too complex (more than {count} items)"),
    "codec.too_deep": ("structure trop profonde", "structure nested too deeply"),
    "codec.too_large": ("message trop volumineux", "message too large"),
    "codec.too_large_mb": ("message trop volumineux (plus de {megabytes} Mo)",
                           "message too large (more than {megabytes} MB)"),
    "codec.unreadable": ("message illisible", "unreadable message"),

    # --- grading a class (classroom.py): the reason a submission scores 0 ---
    "class.over_budget": ("La correction a dépassé {seconds} s au total : arrêtée, 0 point.",
                          "Grading took more than {seconds} s in all: stopped, 0 points."),
    "class.failed": ("La correction automatique a échoué.", "Automatic grading failed."),
    "class.worker_died": ("Le processus de correction s'est arrêté sur cette remise.",
                          "The grading process stopped on this submission."),
    "class.workers_die": ("Les processus de correction s'arrêtent avant de corriger quoi que ce soit.",
                          "The grading processes stop before grading anything."),
    "class.unwritten": ("Fichier de résultats non écrit ({type} : {error}).",
                        "Results file not written ({type}: {error})."),
    "class.no_code": ("{name} : aucun code.", "{name}: no code."),
    "class.found": ("Fichiers trouvés : {names}.", "Files found: {names}."),
    "class.found_nothing": ("Le dossier de la remise est vide.", "The submission's folder is empty."),

    # --- the notebooks (notebook.py) ---
    "notebook.student_intro": (
        "# {assignment}\n\n"
        "Ce devoir est corrigé automatiquement. Chaque question correspond à une ou\n"
        "plusieurs fonctions, dans la cellule de code qui suit son énoncé : remplacez le\n"
        "`raise NotImplementedError` de chaque fonction par votre réponse, sans changer\n"
        "ni les noms ni les signatures. Seul numpy est nécessaire (et permis). La\n"
        "docstring de chaque fonction précise les formes des arguments et la valeur à\n"
        "renvoyer. Exécutez d'abord la cellule `import numpy as np`.\n\n"
        "{notation}Total : {total}.\n",
        "# {assignment}\n\n"
        "This homework is graded automatically. Each question is one or more\n"
        "functions, in the code cell that follows its statement: replace the\n"
        "`raise NotImplementedError` of each function with your answer, without changing\n"
        "their names or signatures. Only numpy is needed (and allowed). The docstring of\n"
        "each function gives the shapes of the arguments and the value to return.\n"
        "Run the cell `import numpy as np` first.\n\n"
        "{notation}Total: {total}.\n"),
    "notebook.student_outro": (
        "## Vérifier et remettre\n\n"
        "Vérifiez votre travail avec les tests publics : enregistrez ce notebook sous le\n"
        "nom `{notebook}` dans le dossier du devoir, puis lancez `python check.py`\n"
        "dans un terminal. D'autres tests, cachés, complètent la note.\n\n"
        "Déposez ensuite sur Gradescope **un seul** fichier : `{student_file}` ou ce notebook\n"
        "`{notebook}` (toutes les cellules de code sont exécutées dans l'ordre ; les\n"
        "commandes magiques `%...` et `!...` sont ignorées).\n",
        "## Check and hand in\n\n"
        "Check your work with the public tests: save this notebook as\n"
        "`{notebook}` in the homework's folder, then run `python check.py`\n"
        "in a terminal. Other, hidden tests complete the grade.\n\n"
        "Then upload **one** file to Gradescope: `{student_file}` or this notebook\n"
        "`{notebook}` (every code cell is run in order; the magic\n"
        "commands `%...` and `!...` are ignored).\n"),
    "notebook.master_intro": (
        "# {assignment}\n\n"
        "Ce devoir est corrigé automatiquement. Chaque question correspond à une ou\n"
        "plusieurs fonctions, dans la cellule de code qui suit son énoncé : remplacez le\n"
        "`raise NotImplementedError` de chaque fonction par votre réponse, sans changer\n"
        "ni les noms ni les signatures. Seul numpy est nécessaire (et permis). La\n"
        "docstring de chaque fonction précise les formes des arguments et la valeur à\n"
        "renvoyer.\n\n"
        "{notation}"
        "Après chaque question, la cellule `grader.check(\"…\")` lance les tests publics\n"
        "de la question. D'autres tests, cachés, complètent la note. Total : {total}.\n",
        "# {assignment}\n\n"
        "This homework is graded automatically. Each question is one or more\n"
        "functions, in the code cell that follows its statement: replace the\n"
        "`raise NotImplementedError` of each function with your answer, without changing\n"
        "their names or signatures. Only numpy is needed (and allowed). The docstring of\n"
        "each function gives the shapes of the arguments and the value to return.\n\n"
        "{notation}"
        "After each question, the cell `grader.check(\"…\")` runs the question's public\n"
        "tests. Other, hidden tests complete the grade. Total: {total}.\n"),
    "notebook.master_outro": (
        "## Remettre\n\n"
        "Enregistrez ce notebook sous le nom `{notebook}` (sans le renommer) et\n"
        "déposez-le sur Gradescope.\n",
        "## Hand in\n\n"
        "Save this notebook as `{notebook}` (without renaming it) and\n"
        "upload it to Gradescope.\n"),
    "notebook.notation": ("**Notation.** {notation}\n\n", "**Notation.** {notation}\n\n"),
    "notebook.part": ("# Partie {number} — {title} ({points})", "# Part {number} — {title} ({points})"),
    "notebook.question": ("## Question {id} — {title} ({points})", "## Question {id} — {title} ({points})"),
    "notebook.function": ("Fonction à compléter : {names}.", "Function to complete: {names}."),
    "notebook.functions": ("Fonctions à compléter : {names}.", "Functions to complete: {names}."),
    "notebook.test": ("Question {question}, cas {visibility} {case} ({points}), de {module}.",
                      "Question {question}, {visibility} case {case} ({points}), from {module}."),
    # the heading word of a part in the statement (``## Partie 1 — …``), which the notebooks read
    "handout.part": ("Partie", "Part"),

    # --- the student bundle (bundle.py) ---
    "bundle.readme": ("LISEZMOI.md", "README.md"),
    "bundle.cases": ("Les cas de test publics, utilisés par check.py.", "The public test cases, used by check.py."),
    # the README of a bundle whose assignment has no student_template/<README> of its own
    "bundle.readme_text": (
        "# {assignment}\n\n"
        "Ce dossier contient tout ce qu'il faut pour faire le devoir et le vérifier sur\n"
        "votre ordinateur avant de le déposer sur Gradescope.\n\n"
        "| fichier | rôle |\n"
        "|---|---|\n"
        "| `{handout}` | l'énoncé |\n"
        "| `{student_file}` | le fichier à compléter : une ou plusieurs fonctions par question |\n"
        "| `{notebook}` | le même devoir sous forme de notebook (au choix) |\n"
        "| `check.py` | l'auto-vérification : exécute les cas de test publics sur votre code |\n"
        "| `verification/` | les cas de test publics utilisés par `check.py` (ne les modifiez pas) |\n\n"
        "Il faut Python 3.10 ou plus récent et numpy (`python -m pip install numpy`).\n\n"
        "Dans chaque fonction, remplacez `raise NotImplementedError` par votre réponse,\n"
        "sans renommer les fonctions ni changer leurs signatures. Vérifiez votre travail\n"
        "avec `python check.py` (ou `python check.py {question}` pour une seule question) :\n"
        "seuls les cas publics y sont exécutés ; sur Gradescope, des cas cachés, avec\n"
        "d'autres entrées, comptent aussi dans la note.\n\n"
        "Déposez sur Gradescope **un seul fichier** : `{student_file}` ou `{notebook}`.\n",
        "# {assignment}\n\n"
        "This folder holds everything you need to do the homework and check it on\n"
        "your computer before you upload it to Gradescope.\n\n"
        "| file | role |\n"
        "|---|---|\n"
        "| `{handout}` | the statement |\n"
        "| `{student_file}` | the file to complete: one or more functions per question |\n"
        "| `{notebook}` | the same homework as a notebook (your choice) |\n"
        "| `check.py` | the self-check: runs the public test cases on your code |\n"
        "| `verification/` | the public test cases `check.py` uses (do not change them) |\n\n"
        "You need Python 3.10 or later and numpy (`python -m pip install numpy`).\n\n"
        "In each function, replace `raise NotImplementedError` with your answer,\n"
        "without renaming the functions or changing their signatures. Check your work\n"
        "with `python check.py` (or `python check.py {question}` for one question): only the\n"
        "public cases run there; on Gradescope, hidden cases, with other inputs, count\n"
        "towards the grade too.\n\n"
        "Upload **one file** to Gradescope: `{student_file}` or `{notebook}`.\n"),

    # --- the self-check (student/check.py, shipped as check.py) ---
    "checkpy.help": (
        "Auto-vérification : les cas publics, exécutés sur votre code.\n\n"
        "Utilisation (dans le dossier du devoir) :\n\n"
        "    python check.py                     toutes les questions\n"
        "    python check.py {question}                  une seule question (ou plusieurs : "
        "python check.py {question} {other})\n"
        "    python check.py --fichier {notebook}   vérifier ce fichier-là\n"
        "    python check.py --sorties           montrer aussi ce que votre code affiche (print)\n\n"
        "Sans --fichier, le fichier vérifié est {student_file}, ou {notebook} si c'est\n"
        "le seul des deux que vous avez modifié (le plus récent si vous avez modifié\n"
        "les deux). Seul numpy est nécessaire.\n\n"
        "Seuls les cas publics sont exécutés ici. Sur Gradescope, des cas cachés, sur\n"
        "d'autres entrées, comptent aussi dans la note : réussir ici ne garantit pas\n"
        "tous les points.",
        "Self-check: the public cases, run on your code.\n\n"
        "Usage (in the homework's folder):\n\n"
        "    python check.py                     every question\n"
        "    python check.py {question}                  one question (or several: "
        "python check.py {question} {other})\n"
        "    python check.py --file {notebook}   check this file\n"
        "    python check.py --outputs           also show what your code prints\n\n"
        "Without --file, the file checked is {student_file}, or {notebook} if it is\n"
        "the only one of the two you changed (the latest if you changed both).\n"
        "Only numpy is needed.\n\n"
        "Only the public cases run here. On Gradescope, hidden cases, on other\n"
        "inputs, count towards the grade too: passing here does not guarantee\n"
        "full marks."),
    "checkpy.usage": ("Utilisation : python check.py [QUESTION ...] [--fichier {student_file}|{notebook}] [--sorties]",
                      "Usage: python check.py [QUESTION ...] [--file {student_file}|{notebook}] [--outputs]"),
    "checkpy.file_option": ("--fichier", "--file"),
    "checkpy.outputs_option": ("--sorties", "--outputs"),
    "checkpy.file_needed": ("--fichier attend un nom de fichier ({student_file} ou {notebook}).",
                            "--file takes a file name ({student_file} or {notebook})."),
    "checkpy.unknown_option": ("Option inconnue : {option}.", "Unknown option: {option}."),
    "checkpy.no_numpy": ("numpy n'est pas installé : installez-le d'abord (python -m pip install numpy).",
                         "numpy is not installed: install it first (python -m pip install numpy)."),
    "checkpy.unknown_question": ("Question inconnue : {unknown}. Les questions du devoir sont : {known}.",
                                 "Unknown question: {unknown}. The homework's questions are: {known}."),
    "checkpy.not_code": ("{name} n'est ni un fichier .py ni un notebook .ipynb.",
                         "{name} is neither a .py file nor a .ipynb notebook."),
    "checkpy.not_found": ("Le fichier {name} est introuvable.", "The file {name} cannot be found."),
    "checkpy.not_found_in": ("Le fichier {name} est introuvable (dans {folder}).",
                             "The file {name} cannot be found (in {folder})."),
    "checkpy.not_a_file": ("{name} n'est pas un fichier.", "{name} is not a file."),
    "checkpy.unreadable": ("{name} ne peut pas être lu ({error}).", "{name} cannot be read ({error})."),
    "checkpy.binary": ("{name} est un fichier binaire, pas du code Python : vérifiez le fichier choisi.",
                       "{name} is a binary file, not Python code: check the file you chose."),
    "checkpy.empty": ("{name} est vide : il n'y a rien à vérifier.", "{name} is empty: there is nothing to check."),
    "checkpy.load_failed": ("{label} a échoué : {error}. La suite est exécutée quand même.",
                            "{label} failed: {error}. The rest is run all the same."),
    "checkpy.function_failed": ("la fonction {name} ({place}, ligne {line}) n'a pas été définie : son instruction "
                                "a échoué au chargement (voir les avertissements plus haut).",
                                "the function {name} ({place}, line {line}) was not defined: its statement "
                                "failed when the file was loaded (see the warnings above)."),
    "checkpy.function_missing": ("la fonction {name} n'est pas définie dans {file} : ne la renommez pas et ne la "
                                 "supprimez pas.",
                                 "the function {name} is not defined in {file}: do not rename or delete it."),
    "checkpy.unimplemented.function": ("la fonction {name} n'est pas encore implémentée : remplacez son "
                                       "`raise NotImplementedError` par votre réponse.",
                                       "the function {name} is not implemented yet: replace its "
                                       "`raise NotImplementedError` with your answer."),
    "checkpy.unimplemented.class": ("la classe {name} n'est pas encore implémentée : remplacez ses "
                                    "`raise NotImplementedError` par votre réponse.",
                                    "the class {name} is not implemented yet: replace its "
                                    "`raise NotImplementedError` with your answer."),
    "checkpy.unimplemented.method": ("la méthode {name} n'est pas encore implémentée : remplacez son "
                                     "`raise NotImplementedError` par votre réponse.",
                                     "the method {name} is not implemented yet: replace its "
                                     "`raise NotImplementedError` with your answer."),
    "checkpy.unimplemented.attribute": ("l'attribut {name} n'est pas encore implémenté : remplacez son "
                                        "`raise NotImplementedError` par votre réponse.",
                                        "the attribute {name} is not implemented yet: replace its "
                                        "`raise NotImplementedError` with your answer."),
    "checkpy.imports": ("Attention : votre fichier importe {modules}, qui n'est pas disponible pendant la correction "
                        "sur Gradescope (seuls la bibliothèque standard et les modules permis par le devoir le sont) : "
                        "ce qui en dépend y échouera.",
                        "Warning: your file imports {modules}, which is not available when Gradescope grades it "
                        "(only the standard library and the modules the assignment allows are): what depends on it "
                        "will fail there."),
    "checkpy.not_defined": ("la fonction {name} n'est pas définie dans votre fichier",
                            "the function {name} is not defined in your file"),
    "checkpy.exit": ("{name} a tenté d'arrêter le programme ({type})", "{name} tried to stop the program ({type})"),
    "checkpy.uncheckable": ("Le résultat renvoyé n'a pas pu être vérifié (type ou forme inattendus : {error}).",
                            "The returned result could not be checked (unexpected type or shape: {error})."),
    "checkpy.notebook_changed": ("le notebook est le fichier que vous avez modifié en dernier",
                                 "the notebook is the file you changed last"),
    "checkpy.script_absent": ("{name} est absent", "{name} is missing"),
    "checkpy.chosen": ("choisi avec {option}", "chosen with {option}"),
    "checkpy.title": ("Auto-vérification — {assignment}", "Self-check — {assignment}"),
    "checkpy.file": ("Fichier vérifié : {name}", "File checked: {name}"),
    "checkpy.public_only": ("Seuls les cas publics sont exécutés ici.", "Only the public cases run here."),
    "checkpy.warning": ("Attention : {problem}", "Warning: {problem}"),
    "checkpy.printed_at_load": ("Affiché au chargement du fichier", "Printed while loading the file"),
    "checkpy.printed_by_code": ("Affiché par votre code", "Printed by your code"),
    "checkpy.titled": ("{title} :", "{title}:"),
    "checkpy.case": ("- cas {name} ({points}) :", "- case {name} ({points}):"),
    "checkpy.question": ("cas publics : {earned} / {public}, question sur {points} — {title}",
                         "public cases: {earned} / {public}, question out of {points} — {title}"),
    "checkpy.printed_hidden": ("Votre code a affiché du texte pendant la vérification : relancez avec {option} "
                               "pour le voir.",
                               "Your code printed text during the check: run again with {option} to see it."),
    "checkpy.scope.one": (" (question {ids})", " (question {ids})"),
    "checkpy.scope.many": (" (questions {ids})", " (questions {ids})"),
    "checkpy.total": ("Total — points assurés par les cas publics{scope} : {earned} / {public} "
                      "(le devoir est noté sur {total}).",
                      "Total — points secured by the public cases{scope}: {earned} / {public} "
                      "(the homework is graded out of {total})."),
    "checkpy.hidden": ("Rappel : les cas cachés comptent aussi ({hidden} sur {total}). Ils sont exécutés sur "
                       "Gradescope avec d'autres entrées : réussir les cas publics ne garantit pas tous les points.",
                       "Remember: the hidden cases count too ({hidden} out of {total}). They run on Gradescope "
                       "with other inputs: passing the public cases does not guarantee full marks."),
    "checkpy.upload": ("Déposez sur Gradescope un seul fichier : {student_file} ou {notebook}. ({seconds} s)",
                       "Upload one file to Gradescope: {student_file} or {notebook}. ({seconds} s)"),

    # --- the class report (report.py), for the instructor ---
    "report.title": ("{assignment} — rapport de correction", "{assignment} — grading report"),
    "report.summary": ("Source : {source}. {count} remise(s). Moyenne : {mean}. Statuts : {statuses}.",
                       "Source: {source}. {count} submission(s). Mean: {mean}. Statuses: {statuses}."),
    "report.pair": ("{label} : {value}", "{label}: {value}"),
    "report.status.ok": ("corrigée normalement", "graded normally"),
    "report.status.partly_read": ("lue en partie", "partly read"),
    "report.status.unreadable": ("illisible", "unreadable"),
    "report.status.timed_out": ("temps dépassé", "timed out"),
    "report.status.grader_error": ("erreur du correcteur", "grader error"),
    "report.problems": ("Remises qui n'ont pas été corrigées normalement ({count})",
                        "Submissions not graded normally ({count})"),
    "report.none": ("Aucune.", "None."),
    "report.reused": ("{count} reprise(s) d'une correction précédente (mêmes fichiers, même version du devoir).",
                      "{count} kept from an earlier run (same files, same version of the assignment)."),
    "report.interrupted": ("Correction interrompue : {count} remise(s) pas encore corrigée(s), absentes de ce "
                           "rapport (relancez la même commande pour corriger seulement celles-là) :",
                           "Grading interrupted: {count} submission(s) not graded yet, missing from this report "
                           "(run the same command again to grade only those):"),
    "report.overview": ("La classe en bref", "The class at a glance"),
    "report.figure.count": ("Remises", "Submissions"),
    "report.figure.mean": ("Moyenne", "Mean"),
    "report.figure.median": ("Médiane", "Median"),
    "report.figure.min": ("Minimum", "Minimum"),
    "report.figure.max": ("Maximum", "Maximum"),
    "report.figure.stdev": ("Écart type", "Standard deviation"),
    "report.students": ("Remises ({count}) : cliquez sur un titre de colonne pour trier",
                        "Submissions ({count}): click a column heading to sort"),
    "report.changes": ("Ce que la nouvelle correction change ({count} remise(s))",
                       "What the regrade changes ({count} submission(s))"),
    "report.changes_intro": ("Comparé à la correction précédente : le total avant, après, et les cas qui "
                             "changent d'issue. Rien n'est encore publié.",
                             "Compared with the earlier run: the total before and after, and the cases whose "
                             "outcome changes. Nothing is published yet."),
    "report.new": ("nouvelle", "new"),
    "report.gone": ("plus dans la classe", "no longer in the class"),
    "report.times": ("{count} remise(s)", "{count} submission(s)"),
    "report.skipped": ("Entrées du dossier de la classe non corrigées ({count})",
                       "Entries of the class folder not graded ({count})"),
    "report.skipped.hidden": ("caché ou système (nom commençant par . ou __), ignoré",
                              "hidden or system entry (name starting with . or __), skipped"),
    "report.skipped.loose_code": ("fichier de code hors d'un dossier de remise : non corrigé (mettez chaque remise "
                                  "dans un dossier à elle)",
                                  "code file outside a submission folder: not graded (put each submission in a "
                                  "folder of its own)"),
    "report.skipped.loose_file": ("fichier hors d'un dossier de remise : ignoré",
                                  "file outside a submission folder: skipped"),
    "report.skipped.output": ("le dossier de sortie de cette correction", "the output folder of this run"),
    "report.items": ("Analyse des cas : lesquels départagent le mieux la classe",
                     "Item analysis: which cases tell the class apart best"),
    "report.items_intro": ("r : corrélation (point-bisériale) entre réussir le cas et les points obtenus sur le "
                           "reste du devoir, sur les remises lues au moins en partie. Proche de 0 ou négative : "
                           "le cas ne suit pas la maîtrise du reste, à relire.",
                           "r: the (point-biserial) correlation between passing the case and the points earned on "
                           "the rest of the assignment, over the submissions read at least in part. Near 0 or "
                           "negative: the case does not follow mastery of the rest; worth a second look."),
    "report.items_best": ("Les cas qui départagent le mieux", "Cases that discriminate best"),
    "report.items_worst": ("Les cas qui départagent le moins", "Cases that discriminate worst"),
    "report.items_flat": ("{everyone} cas sur {count} réussis par tous et {nobody} échoués par tous : ils ne "
                          "départagent personne.",
                          "{everyone} of {count} cases passed by everyone and {nobody} failed by everyone: they "
                          "tell no one apart."),
    "report.items_none": ("Trop peu de remises lues, ou aucun cas qui varie d'une remise à l'autre.",
                          "Too few submissions read, or no case whose outcome varies between submissions."),
    "report.flagged": ("Questions que presque personne ne réussit (moins de {share} avec tous les points)",
                       "Questions almost nobody passes (fewer than {share} with full marks)"),
    "report.flagged_intro": ("Premier signe d'un cas de test défectueux (ou d'une question mal comprise) : "
                             "regardez le taux de réussite de chaque cas.",
                             "The first sign of a faulty test case (or a misread question): "
                             "look at the pass rate of each case."),
    "report.flagged_item": ("{share} avec tous les points, moyenne {mean} / {points}. Cas réussis : {detail}",
                            "{share} with full marks, mean {mean} / {points}. Cases passed: {detail}"),
    "report.by_question": ("Par question", "Per question"),
    "report.by_part": ("Par partie", "Per part"),
    "report.column.submission": ("Remise", "Submission"),
    "report.column.status": ("Statut", "Status"),
    "report.column.total": ("Total", "Total"),
    "report.column.reason": ("Raison", "Reason"),
    "report.column.question": ("Question", "Question"),
    "report.column.title": ("Titre", "Title"),
    "report.column.points": ("Points", "Points"),
    "report.column.mean": ("Moyenne", "Mean"),
    "report.column.full": ("Tous les points", "Full marks"),
    "report.column.part": ("Partie", "Part"),
    "report.column.name": ("Nom", "Name"),
    "report.column.sid": ("Matricule", "Student ID"),
    "report.column.mistakes": ("Erreurs diagnostiquées les plus fréquentes", "Most frequent diagnosed mistakes"),
    "report.column.case": ("Cas", "Case"),
    "report.column.visibility": ("Visibilité", "Visibility"),
    "report.column.rate": ("Réussite", "Pass rate"),
    "report.column.r": ("r", "r"),
    "report.column.before": ("Avant", "Before"),
    "report.column.after": ("Après", "After"),
    "report.column.change": ("Écart", "Change"),
    "report.column.cases": ("Cas qui changent d'issue (+ réussi, − échoué), par question",
                            "Cases whose outcome changes (+ passed, − failed), by question"),
    "report.column.part_number": ("Partie {number}", "Part {number}"),
    "report.chart.mean": ("Moyenne par question (% de ses points)", "Mean per question (% of its points)"),
    "report.chart.full": ("Remises avec tous les points (%)", "Submissions with full marks (%)"),
    "report.chart.totals": ("Totaux sur {total}, par tranches de {width} points",
                            "Totals out of {total}, in bins of {width} points"),
    "report.chart.totals_each": ("Totaux sur {total}", "Totals out of {total}"),
    "report.chart.value": ("{count} remise(s) avec {total}", "{count} submission(s) with {total}"),
    "report.chart.count_axis": ("hauteur : nombre de remises", "height: number of submissions"),
    "report.chart.bin": ("{count} remise(s) entre {low} et {high}", "{count} submission(s) between {low} and {high}"),
    "report.written": ("Écrit le {date} à {time} en {seconds} s.", "Written on {date} at {time} in {seconds} s."),
}


def message(key: str, language: str = DEFAULT_LANGUAGE, **fields: object) -> str:
    """The text of ``key`` in ``language`` with ``fields`` filled in; KeyError for an unknown key or missing field."""
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    return CATALOGUE[key][LANGUAGES.index(language)].format(**fields)


def number(value: float, language: str = DEFAULT_LANGUAGE) -> str:
    """A number of points as the language writes it, without a useless decimal: 0,5 in French, 0.5 in English."""
    text = f"{value:g}"
    return text.replace(".", ",") if language == "fr" else text


def points(value: float, language: str = DEFAULT_LANGUAGE) -> str:
    """"1,5 point" and "2 points" in French (plural from 2), "1 point" and "1.5 points" in English (plural but 1)."""
    plural = value >= 2 if language == "fr" else value != 1
    return f"{number(value, language)} point{'s' if plural else ''}"


def percent(share: float, language: str = DEFAULT_LANGUAGE) -> str:
    """A share in [0, 1] as a whole percentage: "42 %" (with a no-break space) in French, "42%" in English."""
    return f"{100 * share:.0f}\u00a0%" if language == "fr" else f"{100 * share:.0f}%"
