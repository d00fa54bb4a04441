/**
 * @module ui
 * Entry of the web UI bundle: registers the custom elements (`<xas-app>` and its parts).
 */
import './xas-app.ts';
