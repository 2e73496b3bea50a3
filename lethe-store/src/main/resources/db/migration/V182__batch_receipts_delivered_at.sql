-- A batch's receipts are handed to the receipt sink together: the time is written once, on the batch,
-- instead of rewriting every receipt row (RequestStore.markDelivered). Receipts delivered before this
-- keep their own delivered_at, which readers prefer (RequestStore.receiptDelivered).
ALTER TABLE batches ADD COLUMN receipts_delivered_at BIGINT;
