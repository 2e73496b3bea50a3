/** The personal data of registered datasets, kept in the registry: scans and the types users set by hand. */
package dev.lethe.awareness.registry;
