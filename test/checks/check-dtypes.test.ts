import { describe, expect, it } from "vitest";
import { edit, validateTemplate } from "../helpers/check-repo.ts";

const CUSTOMER = "features/customer-stats.yaml";
const MERCHANT = "features/merchant-stats.yaml";
const SERVICE = "features/fraud-detection-v2.yaml";
const MONITOR = "monitors/fraud-detection-drift.yaml";

describe("dtype consistency", () => {
  it("reports a view field that is an entity's join key with another type", async () => {
    const found = await validateTemplate((f) => {
      edit(f, CUSTOMER, "  features:\n", "  features:\n    - { name: customer_id, dtype: string }\n");
    });
    expect(found).toEqual([
      {
        file: CUSTOMER,
        line: 11,
        column: 35,
        severity: "error",
        code: "SLW110",
        message: "`customer_id` is the join key of entity `customer`, which is int64, but here it is string",
      },
    ]);
  });

  it("accepts a join key field of the entity's type", async () => {
    const found = await validateTemplate((f) => {
      edit(f, CUSTOMER, "  features:\n", "  features:\n    - { name: customer_id, dtype: int64 }\n");
    });
    expect(found).toEqual([]);
  });

  it("reports a feature service that serves one feature name from two views", async () => {
    const found = await validateTemplate((f) => {
      edit(f, MERCHANT, "  features:\n", "  features:\n    - { name: avg_amount_30d, dtype: float64 }\n");
      edit(
        f,
        SERVICE,
        "    - merchant_stats:fraud_rate_90d\n",
        "    - merchant_stats:fraud_rate_90d\n    - merchant_stats:avg_amount_30d\n",
      );
    });
    expect(found).toEqual([
      {
        file: SERVICE,
        line: 12,
        column: 7,
        severity: "error",
        code: "SLW111",
        message:
          "feature `avg_amount_30d` comes from both `customer_stats` and `merchant_stats`; Feast would serve one name for two features",
      },
    ]);
  });

  it("reports a monitored column whose declared type disagrees with the feature's dtype", async () => {
    const found = await validateTemplate((f) => {
      edit(f, CUSTOMER, "      dtype: float64\n", "      dtype: string\n");
      edit(
        f,
        MONITOR,
        "{ name: transaction_count_7d, type: numerical }",
        "{ name: transaction_count_7d, type: text }",
      );
    });
    expect(found).toEqual([
      {
        file: MONITOR,
        line: 21,
        column: 43,
        severity: "error",
        code: "SLW110",
        message: "column `transaction_count_7d` is declared text, but the feature is int64",
      },
      {
        file: MONITOR,
        line: 22,
        column: 37,
        severity: "error",
        code: "SLW110",
        message: "column `avg_amount_30d` is declared numerical, but the feature is string",
      },
    ]);
  });

  it("warns about a monitored column that is neither a feature nor a classification column", async () => {
    const found = await validateTemplate((f) => {
      edit(
        f,
        MONITOR,
        "    - { name: is_fraud, type: categorical }\n",
        "    - { name: is_fraud, type: categorical }\n    - { name: merchant_country, type: categorical }\n    - { name: fraud_score }\n    - { name: predicted_fraud }\n",
      );
    });
    expect(found).toEqual([
      {
        file: MONITOR,
        line: 25,
        column: 15,
        severity: "warning",
        code: "SLW106",
        message: "column `merchant_country` is not a feature of model `fraud-detection`",
      },
    ]);
  });

  it("checks columns against the model's own feature refs", async () => {
    const found = await validateTemplate((f) => {
      edit(
        f,
        "models/fraud-detection.yaml",
        "service: fraud_detection_v2",
        "refs: [customer_stats:transaction_count_7d, customer_stats:avg_amount_30d]",
      );
    });
    expect(found).toEqual([
      {
        file: MONITOR,
        line: 23,
        column: 15,
        severity: "warning",
        code: "SLW106",
        message: "column `fraud_rate_90d` is not a feature of model `fraud-detection`",
      },
    ]);
  });
});
