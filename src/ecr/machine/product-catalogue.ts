import type { Money } from '../../opi/money'

export interface Product {
  /** What the cardholder types: "A1". */
  code: string
  name: string
  price: Money
  enabled: boolean
}

export type ProductChoice = { product: Product } | { refusal: 'invalid product' | 'product not available' }

/** The products a vending machine is configured with; disabled ones are never sold. */
export class ProductCatalogue {
  constructor(private readonly products: readonly Product[]) {}

  /** What the selection screen offers: only enabled products. */
  offered(): Product[] {
    return this.products.filter((p) => p.enabled)
  }

  choose(code: string): ProductChoice {
    const product = this.products.find((p) => p.code.toUpperCase() === code.trim().toUpperCase())
    if (!product) return { refusal: 'invalid product' }
    if (!product.enabled) return { refusal: 'product not available' }
    return { product }
  }
}
