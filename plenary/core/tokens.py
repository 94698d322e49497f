"""Secret links and keys: made here, stored only as a hash, found again by the hash.

One helper for every private link (a contribution's, a comment's) and every API key, so they are all equally
long, equally random and never stored as they are.
"""

import hashlib
import secrets

MAX_TOKEN_LENGTH = 100  # longer input is not a token of ours: refused before it is hashed


def token_new(*, prefix: str = "", nbytes: int = 24) -> str:
    """A new random token (URL-safe), shown once to its holder."""
    return prefix + secrets.token_urlsafe(nbytes)


def token_hash(token: str) -> str:
    """What is stored and looked up: the SHA-256 of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def token_lookup_hash(token: str | None) -> str | None:
    """The hash to look a token up by, or None for input that cannot be one of ours (empty, too long)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return token_hash(token)
