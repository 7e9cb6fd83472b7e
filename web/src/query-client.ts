import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api/client.ts';

function unauthorized(error: unknown): boolean {
  return isApiError(error) && error.status === 401;
}

/**
 * Retries only what may heal (network errors, 5xx); a 401 on anything but `/auth/me` means the
 * session ended while the page was open, and `onSessionExpired` sends the user to sign in.
 */
export function createQueryClient(onSessionExpired: () => void): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (unauthorized(error) && query.queryKey[0] !== 'me') onSessionExpired();
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (unauthorized(error)) onSessionExpired();
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        retry: (failures, error) =>
          failures < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}
