from pyspark.sql import SparkSession
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.classification import LogisticRegression

spark = SparkSession.builder.appName("churn").getOrCreate()
events = spark.read.parquet("hdfs:///warehouse/events")
users = events.select("user_id", "ip_address", "age", "sessions", "churned").withColumn("weekly", events.sessions / 7)
assembler = VectorAssembler(inputCols=["age", "sessions", "weekly", "ip_address"], outputCol="features")
train = assembler.transform(users)
lr = LogisticRegression(featuresCol="features", labelCol="churned")
fitted = lr.fit(train)
