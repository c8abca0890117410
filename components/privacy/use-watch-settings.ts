/**
 * State of the watch settings: the expectations (storage.local, kept current when the popup or
 * another page edits them) and the alerts switch, whose "on" first asks for the permission.
 */
import { useEffect, useState } from 'preact/hooks';
import * as actions from '@/lib/privacy/privacy-io';
import type { Settings } from '@/lib/settings';
import { withExpectation, type Expectation } from '@/lib/watch/expectations';

/** The user's expectations, kept current, and a way to add one (for a site's page). */
export function useExpectations(): { list: Expectation[]; add: (e: Expectation) => Promise<boolean> } {
  const [list, setList] = useState<Expectation[]>([]);
  useEffect(() => {
    void actions.loadExpectations().then(setList);
    actions.watchExpectations(setList);
  }, []);
  return {
    list,
    add: (e) =>
      actions
        .loadExpectations()
        .then((have) => actions.saveExpectations(withExpectation(have, e)))
        .then((saved) => {
          setList(saved);
          return true;
        })
        .catch(() => false),
  };
}

export interface WatchSettingsState {
  expectations: Expectation[];
  setExpectations: (next: Expectation[]) => void;
  alertsDenied: boolean;
  onAlerts: (on: boolean) => void;
}

export function useWatchSettings(onSettings: (patch: Partial<Settings>) => void): WatchSettingsState {
  const [expectations, setList] = useState<Expectation[]>([]);
  const [alertsDenied, setDenied] = useState(false);
  useEffect(() => {
    void actions.loadExpectations().then(setList);
    actions.watchExpectations(setList);
  }, []);
  return {
    expectations,
    setExpectations: (next) => void actions.saveExpectations(next).then(setList),
    alertsDenied,
    onAlerts: (on) => {
      if (!on) {
        setDenied(false);
        onSettings({ alertsEnabled: false });
        return;
      }
      // The request is the first call of the click: the permission prompt needs the gesture.
      void actions.requestNotifications().then((granted) => {
        setDenied(!granted);
        if (granted) onSettings({ alertsEnabled: true });
      });
    },
  };
}
