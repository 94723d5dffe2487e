#!/usr/bin/python3
"""Debian's wapiti (3.0.4) with two fixes, run as `wapiti_run.py ARGS` with the arguments of `wapiti`:

- it compiles each -x/--exclude pattern to a regular expression with the global flags at the end, which Python 3.11
  refuses (re.error), so any -x made it exit before scanning;
- it guesses each page's encoding with chardet again for every form of the page (a second per form on a work order
  page, minutes per page): the guess is made once per page here;
- it instantiates every attack module, even those not asked for, and mod_wapp's constructor then tries to download its
  database from the internet: only the modules named by -m are loaded here, so the scan sends nothing off the machine.

(It also asks for brotli while Debian's requests cannot decode it, reading pages as binary garbage: scan.py passes
-H "Accept-Encoding: gzip, deflate".)"""
import re
import sys

from wapitiCore.attack import attack
from wapitiCore.main import wapiti
from wapitiCore.net import crawler
from wapitiCore.net.page import Page


def wildcard_translate(pattern):
    return re.compile("(?ms)" + ".*".join(re.escape(part) for part in pattern.split("*")) + r"\Z")


crawler.wildcard_translate = wildcard_translate

guess_encoding = Page.apparent_encoding.fget


def apparent_encoding(page):
    if "_guessed_encoding" not in page.__dict__:
        page.__dict__["_guessed_encoding"] = guess_encoding(page)
    return page.__dict__["_guessed_encoding"]


Page.apparent_encoding = property(apparent_encoding)
for flag in ("-m", "--module"):
    if flag in sys.argv:
        wanted = {"mod_" + name.strip().lstrip("+") for name in sys.argv[sys.argv.index(flag) + 1].split(",")}
        attack.modules[:] = [module for module in attack.modules if module in wanted]
sys.argv[0] = "wapiti"
sys.exit(wapiti.wapiti_main())
