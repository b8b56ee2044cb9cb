#!/usr/bin/env python3
# Reads `protoc --decode=...ExportProfilesServiceRequest` text on stdin,
# checks that every dictionary index is in range and that every table
# starts with its zero entry, then prints what a test compares:
#   resource KEY VALUE        (one line per resource attribute)
#   profile TYPE UNIT NSAMPLES TOTAL
#   self TYPE FUNCTION VALUE  (by the innermost function of the leaf)
# Exits 1 with one line on stderr when something is wrong.
import re
import sys


def parse(lines):
    root = {}
    stack = [root]
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if line == "}":
            stack.pop()
            continue
        m = re.match(r'^(\w+) \{$', line)
        if m:
            child = {}
            stack[-1].setdefault(m.group(1), []).append(child)
            stack.append(child)
            continue
        m = re.match(r'^(\w+): (.*)$', line)
        if not m:
            raise ValueError("cannot parse: " + line)
        value = m.group(2)
        if value.startswith('"'):
            value = bytes(value[1:-1], "utf-8").decode("unicode_escape")
        else:
            value = int(value)
        stack[-1].setdefault(m.group(1), []).append(value)
    if len(stack) != 1:
        raise ValueError("unbalanced braces")
    return root


def one(msg, field, default=0):
    return msg.get(field, [default])[0]


def main():
    req = parse(sys.stdin)
    d = one(req, "dictionary", {})
    strings = d.get("string_table", [])
    tables = {name: d.get(name, []) for name in
              ("mapping_table", "location_table", "function_table", "link_table",
               "attribute_table", "stack_table")}
    if not strings or strings[0] != "":
        raise ValueError("string_table[0] is not the empty string")
    for name, table in tables.items():
        if not table or table[0] != {}:
            raise ValueError(name + "[0] is not the zero entry")

    def check(idx, table):
        size = len(strings) if table == "string" else len(tables[table])
        if not 0 <= idx < size:
            raise ValueError("index %d out of range of %s (%d)" % (idx, table, size))
        return idx

    for f in tables["function_table"]:
        for k in ("name_strindex", "system_name_strindex", "filename_strindex"):
            check(one(f, k), "string")
    for m in tables["mapping_table"]:
        check(one(m, "filename_strindex"), "string")
        for a in m.get("attribute_indices", []):
            check(a, "attribute_table")
    for loc in tables["location_table"]:
        check(one(loc, "mapping_index"), "mapping_table")
        for ln in loc.get("lines", []):
            check(one(ln, "function_index"), "function_table")
        for a in loc.get("attribute_indices", []):
            check(a, "attribute_table")
    for st in tables["stack_table"]:
        for i in st.get("location_indices", []):
            check(i, "location_table")
    for a in tables["attribute_table"]:
        check(one(a, "key_strindex"), "string")
        check(one(a, "unit_strindex"), "string")

    for rp in req.get("resource_profiles", []):
        for kv in one(rp, "resource", {}).get("attributes", []):
            print("resource", one(kv, "key", ""), one(one(kv, "value", {}), "string_value", ""))
        for sp in rp.get("scope_profiles", []):
            for prof in sp.get("profiles", []):
                vt = one(prof, "sample_type", {})
                typ = strings[check(one(vt, "type_strindex"), "string")]
                unit = strings[check(one(vt, "unit_strindex"), "string")]
                total = 0
                self_by_fn = {}
                for s in prof.get("samples", []):
                    for a in s.get("attribute_indices", []):
                        check(a, "attribute_table")
                    v = sum(s.get("values", []))
                    total += v
                    locs = tables["stack_table"][check(one(s, "stack_index"), "stack_table")]
                    locs = locs.get("location_indices", [])
                    if not locs:
                        continue
                    lines = tables["location_table"][locs[0]].get("lines", [])
                    if not lines:
                        continue
                    fn = tables["function_table"][one(lines[0], "function_index")]
                    name = strings[one(fn, "name_strindex")]
                    self_by_fn[name] = self_by_fn.get(name, 0) + v
                print("profile", typ, unit, len(prof.get("samples", [])), total)
                for name, v in sorted(self_by_fn.items()):
                    print("self", typ, name, v)


try:
    main()
except (ValueError, IndexError, KeyError) as e:
    print("otlp_decoded: %s" % e, file=sys.stderr)
    sys.exit(1)
