// UnlockPage: the passphrase opens the profile (the OS keyring on a desktop, or the platform keystore on a phone,
// without typing). The key is derived on a worker thread: the screen shows that it works and stays responsive.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Rectangle {
    color: Theme.background
    function tryUnlock() {
        if (!session.unlocking) session.beginUnlock(passphrase.text)
    }
    Connections {
        target: session
        function onUnlockFinished(ok) {
            if (ok) passphrase.text = ""
            else passphrase.selectAll()
        }
    }
    // A profile that opens without a passphrase opens at once when the app starts.
    Component.onCompleted: if (!session.needsPassphrase && session.profileExists && !session.unlocked) session.beginUnlock("")
    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.pad * 2, 420)
        spacing: Theme.pad
        Label {
            text: qsTr("IPS Coach")
            font.pixelSize: 26
            font.bold: true
            color: Theme.accent
            Layout.alignment: Qt.AlignHCenter
        }
        Label {
            text: session.needsPassphrase ? qsTr("Type your passphrase to open your caseload.")
                                          : qsTr("Your caseload opens with your login's keyring or your device's lock: no passphrase needed.")
            wrapMode: Text.WordWrap
            color: Theme.muted
            Layout.fillWidth: true
            horizontalAlignment: Text.AlignHCenter
        }
        TextField {
            id: passphrase
            objectName: "passphraseField"
            visible: session.needsPassphrase
            echoMode: TextInput.Password
            placeholderText: qsTr("Passphrase")
            Accessible.name: qsTr("Passphrase")
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.touch
            focus: true
            readOnly: session.unlocking
            onAccepted: tryUnlock()
        }
        Button {
            objectName: "unlockButton"
            text: session.unlocking ? qsTr("Opening...") : qsTr("Unlock")
            enabled: !session.unlocking
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.touch
            highlighted: true
            onClicked: tryUnlock()
        }
        BusyIndicator {
            objectName: "unlockBusy"
            running: session.unlocking
            visible: running
            Layout.alignment: Qt.AlignHCenter
        }
        Label {
            objectName: "unlockError"
            text: session.error
            visible: text !== ""
            color: Theme.danger
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            text: session.language === "nl" ? "English" : "Nederlands"
            color: Theme.accent
            font.underline: true
            Layout.alignment: Qt.AlignHCenter
            MouseArea { anchors.fill: parent; onClicked: session.language = (session.language === "nl" ? "en" : "nl") }
        }
    }
}
