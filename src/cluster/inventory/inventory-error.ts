/**
 * The inventory cannot be read or written as it is: corrupt, too large, or changed by another apply
 * since it was read. The message names the ConfigMap and what to do; it never holds object contents.
 */
export class InventoryError extends Error {
  override readonly name = "InventoryError";
  readonly reason: "corrupt" | "too-large" | "conflict";

  constructor(reason: InventoryError["reason"], message: string) {
    super(message);
    this.reason = reason;
  }
}
