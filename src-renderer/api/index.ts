import { createClient } from './client';

/** The app's single API client. */
export const api = createClient();
