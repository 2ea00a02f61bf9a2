#!/usr/bin/env python3
"""Starts python-pos: python3 examples/python-pos/pos.py --help"""
import sys

from python_pos.main import main

sys.exit(main())
