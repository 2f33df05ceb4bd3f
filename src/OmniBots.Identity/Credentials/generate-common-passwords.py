#!/usr/bin/env python3
"""Writes common-passwords.txt: a deterministic list of passwords people commonly choose.

No published breach list was available to this build, so the list is generated from the patterns
that dominate such lists: popular base words (keyboard walks, names, sports, 'password' and its
leetspeak), digit runs, repetitions, and those words with the usual suffixes (years, digit runs,
'!'), capitalised or not. Comparison is case-insensitive, so entries are lower case. Only entries
that a length rule alone would not refuse matter most, but short ones are kept as a base. Run:
    python3 generate-common-passwords.py > common-passwords.txt
"""
words = """password passw0rd p@ssword p@ssw0rd qwerty qwertyuiop asdfgh asdfghjkl zxcvbnm qazwsx 1qaz2wsx
letmein welcome welcome1 admin administrator root login master monkey dragon shadow sunshine princess
football baseball basketball soccer hockey superman batman spiderman iloveyou trustno1 starwars
whatever freedom michael jennifer jordan hunter ranger buster thomas robert daniel charlie andrew
jessica ashley michelle nicole matthew joshua pepper ginger summer winter autumn spring flower
computer internet secret changeme default access chocolate cookie banana orange purple yellow
liverpool chelsea arsenal barcelona juventus pokemon minecraft fortnite naruto samsung iphone
google facebook twitter linkedin microsoft windows apple killer hello helloworld loveyou lovely
angel angels beautiful butterfly diamond family friends forever lovers mustang corvette ferrari
harley yankees cowboys eagles lakers raiders steelers packers dolphins tigers lions bears
qwerty123 abc abcdef abcdefg abcdefgh alphabet zaq12wsx 1q2w3e4r 1q2w3e4r5t qweasdzxc
omnibots customer service support chatbot company business office manager""".split()
suffixes = ["", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789",
            "!", "1!", "123!", "@123", "#1", "01", "007", "69", "99", "00", "11", "22", "321", "2000"]
suffixes += [str(y) for y in range(1960, 2031)]
suffixes += [str(y) + "!" for y in range(2015, 2031)]
out = set()
for w in words:
    for s in suffixes:
        out.add(w + s)
    out.add(w + w)
    out.add(w * 3)
digits = "1234567890"
for n in range(6, 21):
    out.add((digits * 3)[:n])
    out.add((digits[::-1] * 3)[:n])
for c in "0123456789abcdefghijklmnopqrstuvwxyz":
    for n in range(6, 17):
        out.add(c * n)
for a in "0123456789":
    for b in "0123456789":
        out.add((a + b) * 6)
leet = str.maketrans({"a": "@", "o": "0", "e": "3", "i": "1", "s": "$"})
for w in list(words):
    for s in ["", "1", "123", "!", "2024", "2025", "2026"]:
        out.add(w.translate(leet) + s)
print("\n".join(sorted(out)))
