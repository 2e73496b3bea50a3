import pandas as pd
from datasets import Dataset
from transformers import AutoModelForSequenceClassification, Trainer, TrainingArguments


def main():
    tickets = pd.read_json("exports/support_tickets.jsonl", lines=True)
    ds = Dataset.from_pandas(tickets[["message", "customer_email", "label"]])
    model = AutoModelForSequenceClassification.from_pretrained("bert-base-uncased", num_labels=3)
    args = TrainingArguments(output_dir="out", num_train_epochs=1)
    trainer = Trainer(model=model, args=args, train_dataset=ds)
    trainer.train()


if __name__ == "__main__":
    main()
