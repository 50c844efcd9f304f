#!/usr/bin/env python3
"""Writes a folder of malformed and hostile files for bench/reliability/malformed-mix.sh (fixed seed: the same mix every time).
usage: malformed-mix.py FOLDER COUNT SAMPLES_FOLDER"""
import io, os, random, sys, zipfile

folder, count, samples = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(11)
os.makedirs(folder, exist_ok=True)
originals = {name: open(os.path.join(samples, name), 'rb').read() for name in sorted(os.listdir(samples))}
ct = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

def docx(body, extra=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', ct); z.writestr('_rels/.rels', rels); z.writestr('word/document.xml', body)
        for name, data in (extra or {}).items(): z.writestr(name, data)
    return buffer.getvalue()

def nested_html():
    depth = rng.choice([100, 1000, 5000, 20000, 60000])
    open_tag = rng.choice(['<div>', '<table><tr><td>', '<ul><li>', '<span>', '<b><i>', '<blockquote>', '<ol><li><p>'])
    return 'html', b'<html><body>' + open_tag.encode() * depth + b'deep text'

def deep_markdown():
    depth = rng.choice([50, 500, 3000])
    kind = rng.randrange(3)
    if kind == 0: return 'md', ''.join('  ' * i + '- item\n' for i in range(depth)).encode()
    if kind == 1: return 'md', ('> ' * depth + 'quoted\n').encode()
    return 'md', ('*' * depth + 'emphasis' + '*' * depth + '\n' + '[' * depth + 'link' + ']' * depth).encode()

def bad_docx():
    kind = rng.randrange(6)
    if kind == 0: return 'docx', docx(f'<w:document {ns}><w:body>' + '<w:p>' * rng.choice([1000, 50000, 200000]) + '</w:body></w:document>')
    if kind == 1: return 'docx', docx(f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document {ns}><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
    if kind == 2: return 'docx', docx(f'<w:document {ns}><w:body><w:p><w:r><w:t>unclosed')
    if kind == 3: return 'docx', docx('not xml at all \x00\x01')
    if kind == 4:  # a moderate bomb: 300 MB of zeros in one part
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            z.writestr('[Content_Types].xml', ct); z.writestr('_rels/.rels', rels)
            with z.open('word/document.xml', 'w', force_zip64=True) as f:
                f.write(f'<w:document {ns}><w:body><w:p><w:r><w:t>'.encode())
                for _ in range(300): f.write(b'\0' * (1 << 20))
        return 'docx', buffer.getvalue()
    return 'docx', docx(f'<w:document {ns}><w:body><w:p><w:r><w:t>ok</w:t></w:r></w:p></w:body></w:document>', {f'junk/{i}.xml': b'x' for i in range(rng.choice([10, 20000]))})

def bad_pdf():
    kind = rng.randrange(3)
    if kind == 0: return 'pdf', b'%PDF-1.4\n' + bytes(rng.randrange(256) for _ in range(rng.randrange(10, 20000)))
    if kind == 1: return 'pdf', b'%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n' + b'[' * 100000 + b'\ntrailer << /Root 1 0 R >>\n%%EOF'
    return 'pdf', b'%PDF-1.4\n' + b'1 0 obj\n<< ' * 50000

def bad_text():
    kind = rng.randrange(5)
    if kind == 0: return 'txt', 'Plain words in UTF-16 without a byte order mark, about harbour cranes.\n'.encode('utf-16-le') * 20
    if kind == 1: return 'txt', b'\0' * rng.randrange(1, 100000)
    if kind == 2: return 'txt', b'a' * (4 << 20)  # one 4 MB line
    if kind == 3: return 'md', bytes(rng.randrange(128, 256) for _ in range(5000))  # not UTF-8
    return 'html', b'<!DOCTYPE html [<!ENTITY x "' + b'y' * 1000 + b'">]><html><body>&x;&x;&x;</body></html>'

def damaged_sample():
    name = rng.choice(list(originals)); data = bytearray(originals[name]); ext = name.rsplit('.', 1)[1]
    if rng.random() < 0.5: return ext, bytes(data[:rng.randrange(1, len(data))])
    for _ in range(rng.randrange(1, 60)): data[rng.randrange(len(data))] = rng.randrange(256)
    return ext, bytes(data)

def random_bytes():
    return rng.choice(['pdf', 'docx', 'html', 'md', 'txt']), bytes(rng.randrange(256) for _ in range(rng.randrange(0, 30000)))

makers = [nested_html, deep_markdown, bad_docx, bad_pdf, bad_text, damaged_sample, random_bytes]
for i in range(count):
    ext, data = makers[i % len(makers)]()
    with open(os.path.join(folder, f'm{i:04d}.{ext}'), 'wb') as f: f.write(data)
for i in (1, 2, 3):
    with open(os.path.join(folder, f'good{i}.md'), 'w') as f: f.write(f'# Good {i}\n\nThe parcel number {i} goes to warehouse kappa{i}.\n')
