"""Local LoRA fine-tuning: the child-process trainer and the parent that installs its result."""
