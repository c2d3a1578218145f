"""The model store: where models live, their manifests, the active selection, the default model."""
