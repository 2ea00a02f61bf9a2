"""A second, independent cash register for the CCV certification suite: Python 3 standard library only."""

NAME = "python-pos"
VERSION = "0.1.0"
