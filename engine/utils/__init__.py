"""``engine.utils``: ``engine.utils.data`` (Dataset, TensorDataset, DataLoader, random_split),
as ``torch.utils``."""
from . import data

__all__ = ["data"]
