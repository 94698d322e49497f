"""Each app adds what it contributes to the sample group, in dependency order, without groups importing it."""

from collections.abc import Callable

_LOADERS: list[tuple[int, str, Callable]] = []


def register_sample_loader(*, order: int, name: str, loader: Callable) -> None:
    """loader(group, actor, stdout) fills in the app's part of the sample group; it must be idempotent."""
    if not any(existing == name for _o, existing, _l in _LOADERS):
        _LOADERS.append((order, name, loader))


def sample_loaders() -> list[tuple[str, Callable]]:
    return [(name, loader) for _order, name, loader in sorted(_LOADERS, key=lambda item: item[0])]
