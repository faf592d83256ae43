/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Categories for the header navigation, started early by the middleware. */
    navCategories?: Promise<import('./lib/types').Category[]>;
  }
}
