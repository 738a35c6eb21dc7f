"""Stores: where the searches of an index run. The folder (`qa.index.Index`: FAISS + bm25s +
units) is the default; `milvus.MilvusStore` runs them in Milvus. Both satisfy `qa.types.Store`."""

from qa.stores.milvus import BadStore, MilvusStore, open_store, parse_store

__all__ = ["BadStore", "MilvusStore", "open_store", "parse_store"]
