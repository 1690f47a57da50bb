"""Fill empty Korean msgstr entries in a .po file from a {msgid: msgstr} dict, then compile.

Usage: python barriers/locale/fill_po.py PO_FILE DICT_MODULE_PATH
Keeps existing translations; reports msgids still untranslated.
"""

import importlib.util
import re
import subprocess
import sys


def unquote(lines):
    return (
        "".join(re.findall(r'"(.*)"', "\n".join(lines)))
        .encode()
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
    )


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main(po_path, dict_path):
    spec = importlib.util.spec_from_file_location("t", dict_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table = module.KO
    blocks = open(po_path, encoding="utf-8").read().split("\n\n")
    missing = []
    out = []
    for block in blocks:
        lines = block.split("\n")
        try:
            i_id = next(i for i, line in enumerate(lines) if line.startswith("msgid "))
            i_str = next(i for i, line in enumerate(lines) if line.startswith("msgstr "))
        except StopIteration:
            out.append(block)
            continue
        msgid = unquote(lines[i_id:i_str])
        msgstr = unquote(lines[i_str:])
        fuzzy = "#, fuzzy" in lines  # makemessages' guess from an old msgid: not compiled, so redo it
        if msgid and (not msgstr or fuzzy):
            if msgid in table:
                lines = lines[:i_str] + ["msgstr " + quote(table[msgid])]
                lines = [line for line in lines if line != "#, fuzzy" and not line.startswith("#| ")]
            else:
                missing.append(msgid)
        out.append("\n".join(lines))
    open(po_path, "w", encoding="utf-8").write("\n\n".join(out))
    subprocess.run(["msgfmt", "-o", po_path[:-3] + ".mo", po_path], check=True)
    for m in missing:
        print("untranslated:", m)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
