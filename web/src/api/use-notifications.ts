import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Channel,
  ChannelDeliveryItem,
  NotificationItem,
  NotificationSettings,
} from '../../../src/core/contracts/notifications.ts';
import { getJson, sendJson } from './client.ts';
import { queryKeys } from './query-keys.ts';

export type { Channel, ChannelDeliveryItem, NotificationItem, NotificationSettings };

export interface NotificationList {
  notifications: NotificationItem[];
  unread: number;
}

/** GET /me/notification-settings: the saved settings (or the defaults), the defaults by kind, the org's zone. */
export type NotificationSettingsView = NotificationSettings & {
  defaults: Record<string, Channel[]>;
  orgTimeZone: string;
};

/** GET /notifications/smtp: the password is never sent back, only whether one is saved. */
export interface SmtpSettingsView {
  url: string | null;
  from: string | null;
  hasPassword: boolean;
  fromEnvironment: boolean;
}

/** The bell's list (newest first) with the unread count; the count is what the badge shows. */
export const useNotifications = (unreadOnly = false, limit = 50) =>
  useQuery({
    queryKey: [...queryKeys.notifications(unreadOnly), limit],
    queryFn: ({ signal }) =>
      getJson<NotificationList>('/api/v1/notifications', { unread: unreadOnly ? 1 : 0, limit }, signal),
  });

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (which: number[] | 'all') =>
      sendJson<{ marked: number; unread: number }>(
        'POST',
        '/api/v1/notifications/read',
        which === 'all' ? { all: true } : { ids: which },
      ),
    onSettled: () => client.invalidateQueries({ queryKey: ['notifications', 'list'] }),
  });
}

export const useNotificationSettings = () =>
  useQuery({
    queryKey: queryKeys.notificationSettings(),
    queryFn: ({ signal }) =>
      getJson<NotificationSettingsView>('/api/v1/me/notification-settings', undefined, signal),
  });

export function useSaveNotificationSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (settings: NotificationSettings) =>
      sendJson<NotificationSettings>('PUT', '/api/v1/me/notification-settings', settings),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.notificationSettings() }),
  });
}

/** A test message; a failed one answers 502 with the server's error (an HttpError to show). */
export const useSendTest = () =>
  useMutation({
    mutationFn: (body: { channel: Exclude<Channel, 'app'>; to: string }) =>
      sendJson<{ delivery: ChannelDeliveryItem }>('POST', '/api/v1/notifications/test', body),
  });

export const useSmtpSettings = (enabled = true) =>
  useQuery({
    queryKey: queryKeys.smtpSettings(),
    queryFn: ({ signal }) => getJson<SmtpSettingsView>('/api/v1/notifications/smtp', undefined, signal),
    enabled,
  });

export function useSaveSmtp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { url: string | null; from: string | null }) =>
      sendJson<SmtpSettingsView>('PUT', '/api/v1/notifications/smtp', body),
    onSuccess: (saved) => client.setQueryData(queryKeys.smtpSettings(), saved),
  });
}
