"""Running the pipeline over many articles: reading inputs of every kind (inputs), local and Dask
engines (engines), and the streaming, resumable runner with its errors file (runner).

May import the top-level modules; it reaches the stages only through `extractor.pipeline`.
"""
